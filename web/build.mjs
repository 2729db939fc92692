console.log('web: nothing to build yet')
